/**
 * Value rules both store implementations share, so SQLite and PostgreSQL agree on what they return.
 */
import type { ChatStatusCounts, DeliveryStatus, DeliveryStatusCounts, ReceivedSection } from "./types.js";

/** Delivery statuses after which a digest is never claimed again. */
export const FINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = ["sent", "skipped"];

/** Topics as a set: sorted, without duplicates, so equal sets compare equal. */
export function normalizeTopics(topics: readonly string[]): string[] {
  return [...new Set(topics)].sort();
}

/** Counts with every chat status present. */
export function emptyChatStatusCounts(): ChatStatusCounts {
  return { active: 0, blocked: 0, left: 0 };
}

/** Counts with every delivery status present. */
export function emptyDeliveryStatusCounts(): DeliveryStatusCounts {
  return { pending: 0, sent: 0, failed: 0, skipped: 0 };
}

/** The last hash per section id wins, so one batch never touches a row twice (PostgreSQL refuses). */
export function uniqueSections(sections: readonly ReceivedSection[]): ReceivedSection[] {
  const byId = new Map<string, string>();
  for (const section of sections) byId.set(section.sectionId, section.hash);
  return [...byId].map(([sectionId, hash]) => ({ sectionId, hash }));
}
