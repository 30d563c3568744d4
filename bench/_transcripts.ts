// Writes Claude Code transcripts of a given size with the mixture of records a real session has
// (tests/fixtures/transcripts/claude-code/ are the templates; research: a 4-turn session was 300 KB,
// mostly the ~40 KB request shape written per API call):
//   per prompt: queue-operation, the prompt, 3 attachments, a file-history snapshot, then 1–4 API
//   calls, each an api-request, its shape, a blob and a reply split into thinking / text /
//   tool_use records, followed by the tool's result (0.2–60 KB), and the turn's bookkeeping;
//   now and then a /compact (caveat, command, output, boundary, summary).
// Deterministic (a seeded generator), so runs compare.
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'transcripts', 'claude-code');
const lines = (file: string) => readFileSync(path.join(FIXTURES, file), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

export interface Template {
  [kind: string]: Record<string, unknown>;
}

function templates(): Template {
  const user = lines('user.jsonl');
  const assistant = lines('assistant.jsonl');
  const attachment = lines('attachment.jsonl');
  const one = (f: string) => lines(f)[0]!;
  return {
    prompt: user[1]!,
    toolResult: user[2]!,
    caveat: user[8]!,
    command: user[5]!,
    stdout: user[6]!,
    summary: user[9]!,
    thinking: assistant[0]!,
    text: assistant[1]!,
    toolUse: assistant[2]!,
    environment: attachment[3]!,
    date: attachment[1]!,
    model: attachment[4]!,
    boundary: lines('system.jsonl')[0]!,
    duration: lines('system.jsonl')[2]!,
    queue: one('queue-operation.jsonl'),
    request: one('api-request.jsonl'),
    shape: one('api-request-shape.jsonl'),
    blob: one('api-request-blob.jsonl'),
    snapshot: one('file-history-snapshot.jsonl'),
    lastPrompt: one('last-prompt.jsonl'),
    cost: one('cost-state.jsonl'),
  };
}

const WORDS = 'the a lockfile pnpm node version build test module config deploy cache branch merge review docs fix bug release we should use prefer never always because it is and then check run install migrate schema API endpoint token retry timeout café naïve 中文 测试 🚀'.split(' ');

export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }
  next(): number {
    // xorshift32
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state / 0x1_0000_0000;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(this.next() * WORDS.length)]!);
    return out.join(' ');
  }
  /** Roughly log-uniform between min and max. */
  logInt(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min))));
  }
}

/** Prose with the shapes people and replies have: sentences, lines, now and then code. */
function prose(rng: Random, words: number): string {
  let text = '';
  while (words > 0) {
    const n = Math.min(words, rng.int(4, 18));
    text += `${rng.words(n)}. `;
    words -= n;
    if (rng.next() < 0.15) text += '\n';
    if (rng.next() < 0.03) text += '\n```ts\nconst value = await load(config);\n```\n';
  }
  return text.trim();
}

const uuid = (rng: Random) => {
  const hex = () => Math.floor(rng.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
  const h = hex() + hex() + hex() + hex();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * A session transcript of about `bytes` bytes; returns what it holds. 'typical' is the mixture
 * above; 'chatty' is a session that is nearly all dialogue (long prompts and replies, no request
 * shapes, small tool results): the worst case for anything that holds the kept text.
 */
export function writeClaudeTranscript(file: string, bytes: number, seed = 1, mixture: 'typical' | 'chatty' = 'typical'): { bytes: number; prompts: number; records: number } {
  const chatty = mixture === 'chatty';
  const t = templates();
  const rng = new Random(seed);
  const fd = openSync(file, 'w');
  let size = 0;
  let records = 0;
  let prompts = 0;
  let batch: string[] = [];
  const write = (template: Record<string, unknown>, change: (r: Record<string, unknown>) => void = () => {}) => {
    const record = structuredClone(template);
    if ('uuid' in record) record.uuid = uuid(rng);
    change(record);
    const line = `${JSON.stringify(record)}\n`;
    batch.push(line);
    size += Buffer.byteLength(line);
    records++;
    if (batch.length >= 256) flush();
  };
  const flush = () => {
    writeSync(fd, batch.join(''));
    batch = [];
  };
  const content = (text: string) => (r: Record<string, unknown>) => {
    (r.message as Record<string, unknown>).content = text;
  };
  const block = (key: string, value: unknown, messageId: string) => (r: Record<string, unknown>) => {
    const message = r.message as { id: string; content: Array<Record<string, unknown>> };
    message.id = messageId;
    message.content = [{ ...message.content[0], [key]: value }];
  };
  try {
    while (size < bytes) {
      prompts++;
      const promptText = prose(rng, chatty ? rng.int(200, 2000) : rng.logInt(5, 400));
      write(t.queue!, (r) => (r.content = promptText));
      write(t.prompt!, content(promptText));
      write(t.environment!);
      write(t.date!);
      write(t.model!);
      write(t.snapshot!);
      const calls = rng.int(1, 4);
      for (let call = 0; call < calls && size < bytes; call++) {
        const messageId = `msg_${prompts}_${call}`;
        write(t.request!);
        if (!chatty) write(t.shape!, (r) => (r.shape = rng.words(rng.int(5000, 7000))));
        write(t.blob!, (r) => ((r.message as Record<string, unknown>).content = rng.words(rng.logInt(40, 600))));
        write(t.thinking!, block('thinking', rng.next() < 0.5 ? '' : prose(rng, rng.int(10, 120)), messageId));
        write(t.text!, block('text', prose(rng, chatty ? rng.int(500, 3000) : rng.logInt(8, 500)), messageId));
        if (call < calls - 1) {
          write(t.toolUse!, (r) => ((r.message as Record<string, unknown>).id = messageId));
          const output = rng.words(chatty ? rng.logInt(5, 200) : rng.logInt(30, 9000));
          write(t.toolResult!, (r) => {
            ((r.message as { content: Array<Record<string, unknown>> }).content[0]!).content = output;
            r.toolUseResult = { stdout: output, stderr: '', interrupted: false, isImage: false };
          });
        }
      }
      write(t.duration!);
      write(t.lastPrompt!, (r) => (r.lastPrompt = promptText.slice(0, 200)));
      write(t.cost!);
      if (rng.next() < 0.04) {
        write(t.caveat!);
        write(t.command!);
        write(t.stdout!);
        write(t.boundary!);
        write(t.summary!, content(`This session is being continued from a previous conversation that ran out of context. ${prose(rng, 300)}`));
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { bytes: size, prompts, records };
}

/** Appends `turns` prompt/reply pairs to a transcript; returns the text they add. */
export function appendClaudeTurns(file: string, turns: number, seed = 2): string[] {
  const t = templates();
  const rng = new Random(seed);
  const fd = openSync(file, 'a');
  const said: string[] = [];
  try {
    for (let i = 0; i < turns; i++) {
      const prompt = prose(rng, rng.int(10, 60));
      const reply = prose(rng, rng.int(20, 200));
      const promptRecord = structuredClone(t.prompt!);
      (promptRecord.message as Record<string, unknown>).content = prompt;
      const replyRecord = structuredClone(t.text!);
      (replyRecord.message as Record<string, unknown>).id = `msg_grown_${i}`;
      (replyRecord.message as { content: unknown }).content = [{ type: 'text', text: reply }];
      writeSync(fd, `${JSON.stringify(promptRecord)}\n${JSON.stringify(t.shape)}\n${JSON.stringify(replyRecord)}\n`);
      said.push(prompt, reply);
    }
  } finally {
    closeSync(fd);
  }
  return said;
}
