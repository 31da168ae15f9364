/**
 * Near-duplicate paragraphs. News pages often repeat the lead almost verbatim as the first
 * paragraph of the body; a briefing should say it once, in its fuller form.
 */
import { stemWords } from "./words.js";

/** Share of the shorter paragraph's stems that must appear in the longer one to call them duplicates. */
export const NEAR_DUPLICATE_CONTAINMENT = 0.8;
/** Paragraphs with fewer meaningful words than this are too short to judge (quotes, one-liners). */
const MIN_STEMS_TO_COMPARE = 5;

/** Containment of `shorter` in `longer`: the share of distinct stems of `shorter` found in `longer`. */
export function containment(shorter: ReadonlySet<string>, longer: ReadonlySet<string>): number {
  if (shorter.size === 0) return 0;
  let shared = 0;
  for (const stem of shorter) if (longer.has(stem)) shared += 1;
  return shared / shorter.size;
}

/**
 * Drops every paragraph that is a near-duplicate of a fuller one (most of its stems appear in
 * the other, which has at least as many), keeping the fuller one where it stands. Order is kept.
 */
export function collapseNearDuplicates(paragraphs: readonly string[]): string[] {
  const dropped = nearDuplicateIndexes(paragraphs);
  return paragraphs.filter((_, index) => !dropped.has(index));
}

/** Indexes of the paragraphs `collapseNearDuplicates` would drop. */
export function nearDuplicateIndexes(paragraphs: readonly string[]): Set<number> {
  const stemSets = paragraphs.map((paragraph) => new Set(stemWords(paragraph)));
  const dropped = new Set<number>();
  for (let index = 0; index < paragraphs.length; index += 1) {
    const own = stemSets[index];
    if (!own || own.size < MIN_STEMS_TO_COMPARE) continue;
    for (let other = 0; other < paragraphs.length; other += 1) {
      const otherSet = stemSets[other];
      if (other === index || dropped.has(other) || !otherSet) continue;
      if (!isFuller(paragraphs, stemSets, other, index)) continue;
      if (containment(own, otherSet) >= NEAR_DUPLICATE_CONTAINMENT) {
        dropped.add(index);
        break;
      }
    }
  }
  return dropped;
}

/** Whether paragraph `a` is the fuller one of the pair; exact ties keep the earlier paragraph. */
function isFuller(paragraphs: readonly string[], stemSets: ReadonlyArray<Set<string>>, a: number, b: number): boolean {
  const sizeA = stemSets[a]?.size ?? 0;
  const sizeB = stemSets[b]?.size ?? 0;
  if (sizeA !== sizeB) return sizeA > sizeB;
  const lengthA = paragraphs[a]?.length ?? 0;
  const lengthB = paragraphs[b]?.length ?? 0;
  if (lengthA !== lengthB) return lengthA > lengthB;
  return a < b;
}
