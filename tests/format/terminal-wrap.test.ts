import { describe, expect, it } from "vitest";
import { renderHtmlForTerminal, terminalWidth, wrapForTerminal } from "../../src/format/terminal.js";

describe("wrapForTerminal", () => {
  const text = "bot › Москва и Пекин продолжат укреплять сотрудничество во всех сферах, об этом говорится в коммюнике";

  it("breaks lines between words, never inside one, within the width", () => {
    const wrapped = wrapForTerminal(text, 30);
    const lines = wrapped.split("\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(terminalWidth(line)).toBeLessThanOrEqual(30);
    expect(lines.join(" ")).toBe(text);
  });

  it("counts ANSI styles as no width and wide characters as two columns", () => {
    const styled = renderHtmlForTerminal("<b>Космос</b> и <i>Луна</i>", { color: true });
    expect(terminalWidth(styled)).toBe("Космос и Луна".length);
    expect(terminalWidth("中国")).toBe(4);
    const chinese = wrapForTerminal("中国和俄罗斯将继续加强在所有领域的合作", 10);
    for (const line of chinese.split("\n")) expect(terminalWidth(line)).toBeLessThanOrEqual(10);
    expect(chinese.replaceAll("\n", "")).toBe("中国和俄罗斯将继续加强在所有领域的合作");
  });

  it("keeps a list's indentation on the lines it wraps to, and leaves short lines and line breaks alone", () => {
    expect(wrapForTerminal("   1. Космос — стороны договорились углублять контакты", 24)).toBe(
      "   1. Космос — стороны\n   договорились\n   углублять контакты",
    );
    expect(wrapForTerminal("short\n\nlines", 10)).toBe("short\n\nlines");
    const url = "https://t.me/briefing_test_bot?start=space";
    expect(wrapForTerminal(url, 20).replaceAll("\n", "")).toBe(url);
  });
});
