import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "./api-error.js";
import { REQUEST_BODY_MAX_BYTES } from "./limits.js";
import type { RawParams, UploadedFile } from "./params.js";

/**
 * Reads a request's parameters the ways the Bot API accepts them: the query string,
 * then a JSON, urlencoded or multipart/form-data body on top (body fields win).
 */
export async function readRequestParams(request: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(request);
  if (body.length === 0) return params;

  const contentType = request.headers["content-type"] ?? "";
  if (contentType.includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw badRequest("JSON object expected as request body");
    }
    return { ...params, ...(parsed as Record<string, unknown>) };
  }
  if (contentType.includes("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
    const token = boundary?.[1] ?? boundary?.[2];
    if (!token) throw badRequest("multipart boundary is missing");
    return { ...params, ...parseMultipart(body, token.trim()) };
  }
  // Telegram treats anything else as a urlencoded form, which is also what curl sends by default.
  return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > REQUEST_BODY_MAX_BYTES) throw new ApiError(413, "Request Entity Too Large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A small multipart/form-data reader: text parts become strings (nested objects arrive
 * JSON-encoded, as grammY sends them), file parts become {@link UploadedFile} markers.
 */
export function parseMultipart(body: Buffer, boundary: string): RawParams {
  const result: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    const partStart = position + delimiter.length;
    // "--" right after the delimiter closes the body.
    if (body.subarray(partStart, partStart + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part is CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        if (filename !== undefined) {
          const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "application/octet-stream";
          const file: UploadedFile = { kind: "upload", filename, contentType, size: content.length };
          result[name] = file;
        } else {
          result[name] = content.toString("utf8");
        }
      }
    }
    position = next;
  }
  return result;
}
