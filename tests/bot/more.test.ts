/** "More" under a briefing pages through a topic's older sections, so every section is reachable. */
import { describe, expect, it } from "vitest";
import { decodeCallback, encodeCallback } from "../../src/bot/payloads.js";
import { buildLibrary } from "../../src/content/library.js";
import {
  buttons,
  callbackUpdate,
  createRecordingBot,
  textUpdate,
} from "../helpers/recording-bot.js";

/** Seven one-section articles on space, one a day, each naming its own mission. */
const library = buildLibrary(
  Array.from({ length: 7 }, (_, index) => ({
    file: `space-${index}.txt`,
    content: `Миссия ${index + 1}: спутник выведен на орбиту\n\nРакета с космодрома вывела спутник номер ${index + 1} на орбиту. Роскосмос сообщил, что космический аппарат работает штатно.\n`,
  })).concat(
    Array.from({ length: 7 }, (_, index) => ({ file: `space-${index}.meta.json`, content: JSON.stringify({ date: `2026-11-0${index + 1}`, source: "Агентство" }) })),
  ),
);

describe("paging a briefing", () => {
  it("shows three sections, then the older ones on More, until every section was shown", async () => {
    const { send } = createRecordingBot(library);
    const seen = new Set<string>();
    let reply = (await send(textUpdate("/space"))).find((call) => call.method === "sendMessage");
    const pages: number[] = [];
    for (let page = 0; page < 5 && reply !== undefined; page += 1) {
      const text = String(reply.payload.text);
      const missions = [...text.matchAll(/Миссия (\d+)/gu)].map((match) => match[1] ?? "");
      pages.push(missions.length);
      for (const mission of missions) seen.add(mission);
      const more = buttons(reply).find((button) => decodeCallback(button.callback_data ?? "")?.kind === "more");
      if (more === undefined) break;
      reply = (await send(callbackUpdate(more.callback_data ?? ""))).find((call) => call.method === "sendMessage");
    }
    expect(pages).toEqual([3, 3, 1]);
    expect([...seen].sort()).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });

  it("labels More with how many sections are left and starts over when the page is gone", async () => {
    const { send } = createRecordingBot(library);
    const first = (await send(textUpdate("/space"))).find((call) => call.method === "sendMessage");
    expect(buttons(first).map((button) => button.text)).toContain("⏬ More (4)");
    // A page past the end (the content shrank since the button was sent) shows the first page again.
    const stale = (await send(callbackUpdate(encodeCallback({ kind: "more", topic: "space", offset: 99 })))).find(
      (call) => call.method === "sendMessage",
    );
    expect(String(stale?.payload.text)).toContain("Миссия 7");
    expect(decodeCallback("more:space:0")).toBeUndefined();
    expect(decodeCallback("more:space:01")).toBeUndefined();
    expect(decodeCallback("more:space")).toBeUndefined();
  });
});
