/**
 * A small incremental parser for server-sent events (the text/event-stream format). The browser's
 * EventSource cannot send an Authorization header, so the UI reads the stream with fetch and feeds
 * the chunks here. Comments (`:` lines) are keep-alives and are skipped.
 */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;

  /** Feeds a chunk of text; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.#buffer += chunk;
    const messages: SseMessage[] = [];
    let newline: number;
    while ((newline = this.#buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.#buffer.slice(0, newline);
      const sepLength = this.#buffer.startsWith('\r\n', newline) ? 2 : 1;
      // A lone \r at the very end may be the first half of \r\n: wait for more input.
      if (sepLength === 1 && this.#buffer[newline] === '\r' && newline === this.#buffer.length - 1) break;
      this.#buffer = this.#buffer.slice(newline + sepLength);
      const message = this.#line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  #line(line: string): SseMessage | undefined {
    if (line === '') {
      if (this.#data.length === 0) {
        this.#event = '';
        return undefined;
      }
      const message: SseMessage = { event: this.#event || 'message', data: this.#data.join('\n') };
      if (this.#id !== undefined) message.id = this.#id;
      this.#event = '';
      this.#data = [];
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id') this.#id = value;
    return undefined;
  }
}

/** Formats one server-sent event frame (each data line prefixed, as the format requires). */
export function formatSse(event: string, data: string, id?: string): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  const dataLines = data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `${idLine}event: ${event}\n${dataLines}\n`;
}
