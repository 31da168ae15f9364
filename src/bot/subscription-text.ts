/** How the bot shows a subscription: topic names and "when" lines, in the reader's language and the chat's zone. */
import { topicName, type Topic } from "../content/topics.js";
import type { Translate } from "../format/briefing.js";

/** Names of the `topics` among `known`, in menu order, comma-separated; unknown (retired) ids are left out. */
export function topicNames(known: ReadonlyArray<Pick<Topic, "id" | "name">>, locale: string, topics: readonly string[]): string {
  return known
    .filter((topic) => topics.includes(topic.id))
    .map((topic) => topicName(topic, locale))
    .join(", ");
}

/** An instant as the chat's clock shows it: "Wednesday 5 November, 08:00 (Europe/Moscow)". */
export function formatRunAt(t: Translate, locale: string, instantMs: number, timeZone: string): string {
  const intlLocale = locale === "ru" ? "ru-RU" : "en-GB";
  const date = new Intl.DateTimeFormat(intlLocale, { timeZone, weekday: "long", day: "numeric", month: "long" }).format(instantMs);
  // h23: some ICU versions print midnight as "24" otherwise.
  const time = new Intl.DateTimeFormat(intlLocale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instantMs);
  return t("subscriptions-when", { date, time, zone: timeZone });
}
