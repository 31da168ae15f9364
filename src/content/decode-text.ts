/**
 * Turns the raw bytes of a seed file into clean text, or says in plain words why it is not text.
 */

/** Files larger than this are not news articles; refusing them keeps one bad file from eating memory. */
export const MAX_SEED_BYTES = 5 * 1024 * 1024;

/** Above this share of control characters the "text" is some binary format, not an article. */
const MAX_CONTROL_CHAR_SHARE = 0.1;

// Control characters other than tab, line feed and carriage return; matching them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu;

/** Result of decoding: the text, or the reason the content is not usable text. */
export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Decodes UTF-8 (strict), rejects binary content (NUL bytes, invalid UTF-8, mostly control
 * characters), strips a BOM, normalizes line ends to `\n`, non-breaking spaces to spaces and
 * Unicode to NFC.
 */
export function decodeText(content: Buffer | string): DecodeResult {
  let text: string;
  if (typeof content === "string") {
    text = content;
  } else {
    if (content.byteLength > MAX_SEED_BYTES) {
      return { ok: false, reason: `file is too large (${content.byteLength} bytes, limit ${MAX_SEED_BYTES})` };
    }
    if (content.includes(0)) return { ok: false, reason: "binary file (contains NUL bytes), not text" };
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(content);
    } catch {
      return { ok: false, reason: "not valid UTF-8 text (binary file or another encoding)" };
    }
  }
  if (text.includes("\u0000")) return { ok: false, reason: "binary file (contains NUL characters), not text" };
  const controlCount = text.match(CONTROL_CHARS)?.length ?? 0;
  if (text.length > 0 && controlCount / text.length > MAX_CONTROL_CHAR_SHARE) {
    return { ok: false, reason: "binary file (mostly control characters), not text" };
  }
  const clean = text
    .replace(/^\uFEFF/u, "")
    .replace(/\r\n?/gu, "\n")
    .replace(CONTROL_CHARS, "")
    .replace(/[\u00a0\u202f\u2007]/gu, " ")
    .normalize("NFC");
  if (clean.trim().length === 0) return { ok: false, reason: "file is empty" };
  return { ok: true, text: clean };
}
