import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n } from "../src/bot/i18n.js";

function localeKeys(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => /^([a-z][a-z0-9-]*)\s*=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined)
    .sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** Keys the code asks for: literal t("key") calls (topic names live in seeds/topics.yaml, not here). */
function keysUsedInCode(): Set<string> {
  const used = new Set<string>();
  for (const file of sourceFiles("src")) {
    for (const match of readFileSync(file, "utf8").matchAll(/\b(?:t|translate|describe)\(\s*(?:[a-z]+,\s*)?"([a-z][a-z0-9-]*)"/g)) {
      used.add(match[1] ?? "");
    }
  }
  return used;
}

describe("locales", () => {
  const locales = readdirSync("locales").filter((file) => file.endsWith(".ftl"));

  it("ships English, Russian and Chinese", () => {
    expect(locales.sort()).toEqual(["en.ftl", "ru.ftl", "zh.ftl"]);
  });

  it("has the same keys in every locale", () => {
    const english = localeKeys("locales/en.ftl");
    expect(english.length).toBeGreaterThan(20);
    for (const file of locales) expect(localeKeys(join("locales", file)), file).toEqual(english);
  });

  it("has every key the code uses", () => {
    const used = keysUsedInCode();
    expect(used.size).toBeGreaterThan(15);
    for (const file of locales) {
      const keys = new Set(localeKeys(join("locales", file)));
      const missing = [...used].filter((key) => !keys.has(key));
      expect(missing, file).toEqual([]);
    }
  });

  it("translates the same message per locale every time, fixed texts and texts with variables alike", () => {
    const i18n = createI18n();
    for (let round = 0; round < 2; round++) {
      expect(i18n.t("en", "command-help")).toBe("What the bot can do");
      expect(i18n.t("ru", "command-help")).toBe("Что умеет бот");
      expect(i18n.t("en", "briefing-source-undated", { source: "TASS" })).toBe("Source: TASS");
      expect(i18n.t("en", "briefing-source-undated", { source: "RIA" })).toBe("Source: RIA");
    }
  });
});
