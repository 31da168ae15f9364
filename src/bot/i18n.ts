import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { TranslatedContext } from "./context.js";

/** The translations shipped with the bot, one `.ftl` file per locale. */
export const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

/** The locale for everyone whose Telegram language we have no translation for. */
export const DEFAULT_LOCALE = "en";

/** Telegram languages whose speakers are served the Russian locale (they read it more often than English). */
const RUSSIAN_READERS = new Set(["ru", "be", "kk", "ky"]);

/** Telegram languages with a locale of their own; Chinese in any script or region ("zh-hans", "zh-tw") reads `zh`. */
const OWN_LOCALES = new Set(["en", "ru", "zh"]);

/** Picks the locale from a Telegram `language_code` such as "ru", "en-US", "be" or "zh-hant". */
export function localeFor(languageCode: string | undefined): string {
  const language = languageCode?.toLowerCase().split(/[-_]/u)[0];
  if (language === undefined) return DEFAULT_LOCALE;
  if (RUSSIAN_READERS.has(language)) return "ru";
  return OWN_LOCALES.has(language) ? language : DEFAULT_LOCALE;
}

/**
 * Loads every `locales/*.ftl` file; the user's Telegram language picks one per update. Typed for the
 * plain translated context so the same instance also serves as a plugin inside conversations.
 */
export function createI18n(localesDir: string = LOCALES_DIR): I18n<TranslatedContext> {
  const i18n = new I18n<TranslatedContext>({
    defaultLocale: DEFAULT_LOCALE,
    // Fluent wraps variables in Unicode isolation marks by default; in Telegram they show as junk.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => localeFor(ctx.from?.language_code),
  });
  i18n.loadLocalesDirSync(localesDir);
  rememberConstantMessages(i18n);
  return i18n;
}

/**
 * Keeps each message without variables once per locale. The plugin negotiates the locale again on
 * every lookup, which costs more than the lookup; a briefing's buttons ask for half a dozen fixed
 * labels per update, and a message without variables always reads the same.
 */
function rememberConstantMessages(i18n: I18n<TranslatedContext>): void {
  const { fluent } = i18n;
  const translate = fluent.translate.bind(fluent);
  const constants = new Map<string, string>();
  fluent.translate = (locales, path, context) => {
    if (typeof locales !== "string" || (context !== undefined && Object.keys(context).length > 0)) return translate(locales, path, context);
    const key = `${locales}\u0000${path}`;
    let text = constants.get(key);
    if (text === undefined) {
      text = translate(locales, path, context);
      constants.set(key, text);
    }
    return text;
  };
}
