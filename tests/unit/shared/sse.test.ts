import { describe, expect, it } from 'vitest';
import { formatSse, SseParser } from '../../../src-shared/sse';

describe('SseParser', () => {
  it('reassembles messages split anywhere across chunks', () => {
    const frame = formatSse('status', '{"a":1}', '7') + formatSse('note', 'line1\nline2');
    for (let cut = 0; cut <= frame.length; cut++) {
      const parser = new SseParser();
      const messages = [...parser.push(frame.slice(0, cut)), ...parser.push(frame.slice(cut))];
      expect(messages).toEqual([
        { event: 'status', data: '{"a":1}', id: '7' },
        { event: 'note', data: 'line1\nline2', id: '7' },
      ]);
    }
  });

  it('handles CRLF and CR line endings, comments and the default event name', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\r\n\r\ndata: x\r\n\r\ndata:y\r\rdata: z\n')).toEqual([
      { event: 'message', data: 'x' },
      { event: 'message', data: 'y' },
    ]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'z' }]);
  });

  it('waits when a chunk ends with the first half of CRLF', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'message', data: 'a' }]);
  });
});
