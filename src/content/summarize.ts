/**
 * Extractive summaries: TextRank over stemmed sentence vectors blended with a position prior
 * (news puts the point first), then the best sentences that fit the budget, in their original order.
 * Deterministic: same sentences in, same summary out.
 */
import { stemWords } from "./words.js";

/** At most this many sentences in a summary. */
export const SUMMARY_MAX_SENTENCES = 4;
/** At most this many characters in a summary (sentences joined by one space). */
export const SUMMARY_MAX_CHARS = 900;

/** PageRank damping: the share of rank that flows along similarity edges rather than teleporting. */
const DAMPING = 0.85;
/**
 * Weight of the position prior against TextRank in the final score. News sections state their
 * point first; without the prior one long, word-rich sentence wins over the lead.
 */
const POSITION_WEIGHT = 0.4;
const MAX_ITERATIONS = 100;
const CONVERGENCE_EPSILON = 1e-9;

/** Budget of a summary; defaults to `SUMMARY_MAX_SENTENCES` and `SUMMARY_MAX_CHARS`. */
export interface SummaryBudget {
  maxSentences?: number;
  maxChars?: number;
}

/** Length of sentences as a summary shows them: joined by single spaces. */
export function summaryLength(sentences: readonly string[]): number {
  return sentences.reduce((total, sentence) => total + sentence.length, 0) + Math.max(0, sentences.length - 1);
}

/**
 * Picks whole sentences for a summary, in original order. Text that fits the budget is returned
 * whole. Otherwise the highest-ranked sentences that fit; if not even one fits, the top-ranked
 * sentence alone, since a cut sentence would misquote the source.
 */
export function summarize(sentences: readonly string[], budget: SummaryBudget = {}): string[] {
  const maxSentences = budget.maxSentences ?? SUMMARY_MAX_SENTENCES;
  const maxChars = budget.maxChars ?? SUMMARY_MAX_CHARS;
  if (sentences.length <= maxSentences && summaryLength(sentences) <= maxChars) return [...sentences];

  const scores = rankSentences(sentences);
  const byRank = sentences.map((_, index) => index).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const chosen: number[] = [];
  let length = 0;
  for (const index of byRank) {
    if (chosen.length >= maxSentences) break;
    const sentenceLength = (sentences[index] ?? "").length + (chosen.length > 0 ? 1 : 0);
    if (length + sentenceLength > maxChars) continue;
    chosen.push(index);
    length += sentenceLength;
  }
  if (chosen.length === 0 && byRank[0] !== undefined) chosen.push(byRank[0]);
  return chosen.sort((a, b) => a - b).map((index) => sentences[index] ?? "");
}

/**
 * Sentence scores in [0, 1]: TextRank (PageRank over cosine similarity of stem frequency vectors),
 * scaled to its maximum, blended with a position prior 1/(position+1).
 */
export function rankSentences(sentences: readonly string[]): number[] {
  const textRank = textRankScores(sentences);
  const maxRank = Math.max(0, ...textRank);
  return textRank.map((rank, index) => {
    const normalized = maxRank > 0 ? rank / maxRank : 0;
    return (1 - POSITION_WEIGHT) * normalized + POSITION_WEIGHT / (index + 1);
  });
}

/** Classic TextRank: PageRank with uniform teleport over the sentence similarity graph; sums to 1. */
export function textRankScores(sentences: readonly string[]): number[] {
  const count = sentences.length;
  if (count === 0) return [];
  const vectors = sentences.map(stemVector);
  const weights: number[][] = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 0 : cosine(a, b))));
  const outWeight = weights.map((row) => row.reduce((sum, weight) => sum + weight, 0));
  const uniform = 1 / count;

  let scores = new Array<number>(count).fill(uniform);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration += 1) {
    // Rank of sentences without similar neighbours is spread evenly, not lost.
    let danglingMass = 0;
    for (let j = 0; j < count; j += 1) if ((outWeight[j] ?? 0) === 0) danglingMass += scores[j] ?? 0;
    const next = new Array<number>(count).fill((1 - DAMPING) * uniform + DAMPING * danglingMass * uniform);
    for (let j = 0; j < count; j += 1) {
      const total = outWeight[j] ?? 0;
      if (total === 0) continue;
      const share = (DAMPING * (scores[j] ?? 0)) / total;
      const row = weights[j] ?? [];
      for (let i = 0; i < count; i += 1) next[i] = (next[i] ?? 0) + share * (row[i] ?? 0);
    }
    const change = next.reduce((sum, value, index) => sum + Math.abs(value - (scores[index] ?? 0)), 0);
    scores = next;
    if (change < CONVERGENCE_EPSILON) break;
  }
  return scores;
}

type StemVector = Map<string, number>;

function stemVector(sentence: string): StemVector {
  const vector: StemVector = new Map();
  for (const stem of stemWords(sentence)) vector.set(stem, (vector.get(stem) ?? 0) + 1);
  return vector;
}

function cosine(a: StemVector, b: StemVector): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [stem, weight] of a) {
    normA += weight * weight;
    dot += weight * (b.get(stem) ?? 0);
  }
  for (const weight of b.values()) normB += weight * weight;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
