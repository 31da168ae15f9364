import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandMenu } from "../../src/bot/commands.js";
import { createI18n } from "../../src/bot/i18n.js";
import { parseTopics, RESERVED_COMMANDS, shippedTopics } from "../../src/content/topics-file.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("the bot's own commands", () => {
  it("are exactly the commands a topic may not take", () => {
    const registered = new Set<string>();
    for (const file of sourceFiles("src/bot")) {
      for (const match of readFileSync(file, "utf8").matchAll(/\.command\(\s*"([a-z0-9_]+)"/gu)) registered.add(match[1] ?? "");
    }
    expect(registered.size).toBeGreaterThan(10);
    expect([...registered].sort()).toEqual([...RESERVED_COMMANDS].sort());
  });
});

describe("the command menu", () => {
  const i18n = createI18n("locales");

  it("lists the topics of the catalog it is given, by their names without emoji", () => {
    const topics = parseTopics("- { id: sport, command: sport, name: { en: '⚽ Sport', ru: '⚽ Спорт' } }", "topics.yaml");
    const menu = commandMenu(i18n, "ru", topics);
    expect(menu.find((entry) => entry.command === "sport")?.description).toBe("Спорт");
    expect(menu.map((entry) => entry.command)).not.toContain("space");
    expect(commandMenu(i18n, "en", shippedTopics()).find((entry) => entry.command === "space")?.description).toBe("Space");
  });
});
