/** How the bot shows a subscription: topic names, "when" lines and whole answers, in the reader's language and the chat's zone. */
import { topicName, type Topic } from "../../content/topics.js";
import { intlTag, type Translate } from "../../format/briefing.js";
import { escapeHtml, shorten } from "../../format/html.js";
import type { Subscription } from "../../store/index.js";

/** Names of the `topics` among `known`, in menu order, comma-separated; unknown (retired) ids are left out. */
export function topicNames(known: ReadonlyArray<Pick<Topic, "id" | "name">>, locale: string, topics: readonly string[]): string {
  return known
    .filter((topic) => topics.includes(topic.id))
    .map((topic) => topicName(topic, locale))
    .join(", ");
}

/** An instant as the chat's clock shows it: "Wednesday 5 November, 08:00 (Europe/Moscow)". */
export function formatRunAt(t: Translate, locale: string, instantMs: number, timeZone: string): string {
  const intlLocale = intlTag(locale);
  const date = new Intl.DateTimeFormat(intlLocale, { timeZone, weekday: "long", day: "numeric", month: "long" }).format(instantMs);
  // h23: some ICU versions print midnight as "24" otherwise.
  const time = new Intl.DateTimeFormat(intlLocale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instantMs);
  return t("subscriptions-when", { date, time, zone: timeZone });
}

/** When the next digest comes: a date, or "after /resume" while paused. */
function nextDigest(t: Translate, locale: string, subscription: Subscription): string {
  return subscription.paused ? t("subscriptions-next-after-resume") : formatRunAt(t, locale, subscription.nextRunAt, subscription.timeZone);
}

/** "Channel: @news" above an answer about a channel managed from a private chat. */
function channelLines(t: Translate, channel: string | undefined): string[] {
  return channel === undefined ? [] : [t("subscriptions-saved-channel", { channel: escapeHtml(channel) })];
}

/** The confirmation of a saved subscription (HTML): "set up" and its first digest, or "changed" and the next one. */
export function savedText(
  t: Translate,
  locale: string,
  known: ReadonlyArray<Pick<Topic, "id" | "name">>,
  saved: Subscription,
  options: { channel?: string; changed: boolean },
): string {
  const { deliveryTime: time, timeZone: zone } = saved;
  const change = options.changed ? "yes" : "no";
  const summary = t("subscriptions-saved", { topics: topicNames(known, locale, saved.topics), time, zone, first: nextDigest(t, locale, saved), change });
  return [...channelLines(t, options.channel), summary, ...(saved.paused ? [t("subscriptions-saved-paused")] : [])].join("\n");
}

/** What /settings shows (HTML). */
export function settingsText(t: Translate, locale: string, known: ReadonlyArray<Pick<Topic, "id" | "name">>, subscription: Subscription, channel?: string): string {
  const settings = t("subscriptions-settings", {
    topics: topicNames(known, locale, subscription.topics),
    time: subscription.deliveryTime,
    zone: subscription.timeZone,
    status: subscription.paused ? t("subscriptions-status-paused") : t("subscriptions-status-active"),
    next: nextDigest(t, locale, subscription),
  });
  return [...channelLines(t, channel), settings].join("\n");
}

/** What someone typed, as it may appear inside an HTML answer: cut to `maxChars` and escaped. */
export function echo(text: string, maxChars: number): string {
  return escapeHtml(shorten(text, maxChars));
}
