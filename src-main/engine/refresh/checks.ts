import type { ProposalFlag } from '../../../src-shared/contract/proposals';
import { type EnforceResult, meaningfulWords, normalizeConstraint } from '../../../src-shared/markdown/constraints';
import { normalizeTitle, splitSections } from '../../../src-shared/markdown/sections';

/**
 * Checks run on every proposal before a person sees it. Every flag here blocks auto-approve: an
 * unattended machine only applies a proposal that lost no constraint, did not shrink the memory
 * and added nothing that reads like an instruction to an agent.
 */

// ---- hard constraints ---------------------------------------------------------------------------

/** One side says "never/not/no …" and the other does not. */
function polarityFlipped(before: string, after: string): boolean {
  const negated = (line: string) => meaningfulWords(normalizeConstraint(line)).has('¬');
  return negated(before) !== negated(after);
}

/** One flag per constraint the model dropped (it was put back) and per constraint it reworded. */
export function constraintFlags(result: EnforceResult): ProposalFlag[] {
  return [
    ...result.restored.map((line) => ({
      kind: 'constraint-restored' as const,
      message: `The model dropped the hard constraint "${line}"; it was put back. Check the rest of the change with that in mind.`,
      line,
      blocksAutoApprove: true,
    })),
    ...result.reworded.map(({ before, after }) => ({
      kind: 'constraint-reworded' as const,
      message: `A hard constraint was reworded; check that it was not softened${polarityFlipped(before, after) ? ' (its meaning may be reversed)' : ''}: "${before}" → "${after}"`,
      line: after,
      blocksAutoApprove: true,
    })),
  ];
}

// ---- shrinkage ----------------------------------------------------------------------------------

/** A note asks for something to go: one of these verbs anywhere in it. */
const REMOVAL =
  /\b(remove[sd]?|removing|delete[sd]?|deleting|drop(s|ped|ping)?|forget(s|ting)?|forgot(ten)?|clean(s|ed|ing)?[\s-]*up|cleanup|trim(s|med|ming)?|shorten(s|ed|ing)?|prune[sd]?|pruning|no longer)\b/i;

/** A drop of more than this share (percent) of the non-blank lines, and of at least MIN lines, is flagged. */
export const SHRINK_PERCENT = 30;
export const SHRINK_MIN_LINES = 5;

const nonBlankLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** Normalized content lines of a `##` section's body (its heading line left out). */
function bodyLines(sectionText: string): string[] {
  return nonBlankLines(sectionText)
    .slice(1)
    .map(normalizeConstraint)
    .filter((l) => /[\p{L}\p{N}]/u.test(l));
}

/** A note asks to remove this section: a removal verb and the title, or one of its words. */
function noteAsksToRemove(note: string, title: string): boolean {
  if (!REMOVAL.test(note)) return false;
  if (normalizeTitle(note).includes(normalizeTitle(title))) return true;
  const noteWords = meaningfulWords(normalizeConstraint(note));
  return [...meaningfulWords(normalizeConstraint(title))].some((w) => w.length >= 3 && w !== '¬' && noteWords.has(w));
}

/**
 * 'shrinkage' when the non-blank line count drops by more than 30 % and by at least 5 lines, unless
 * a note asks for removal (a removal verb in any note). 'section-removed' per `##` title present
 * before and absent after (normalized), unless its body mostly survives elsewhere (at least half
 * of its non-blank lines are still in the new text: a rename or a merge into another section), its
 * body was empty (nothing is lost), or a note with a removal verb names the section or a word of
 * its title.
 */
export function shrinkageFlags(before: string, after: string, noteTexts: readonly string[]): ProposalFlag[] {
  const flags: ProposalFlag[] = [];
  const removalAsked = noteTexts.some((n) => REMOVAL.test(n));
  const was = nonBlankLines(before).length;
  const now = nonBlankLines(after).length;
  const dropped = was - now;
  if (dropped >= SHRINK_MIN_LINES && dropped * 100 > was * SHRINK_PERCENT && !removalAsked) {
    const share = Math.round((dropped / was) * 100);
    flags.push({
      kind: 'shrinkage',
      message: `The memory would shrink from ${was} to ${now} non-blank lines (${share} % fewer), and no note asks for anything to be removed.`,
      blocksAutoApprove: true,
    });
  }

  const afterTitles = new Set(splitSections(after).sections.map((s) => normalizeTitle(s.title)));
  const afterLines = new Set(nonBlankLines(after).map(normalizeConstraint));
  const reported = new Set<string>();
  for (const section of splitSections(before).sections) {
    const title = normalizeTitle(section.title);
    if (afterTitles.has(title) || reported.has(title)) continue;
    const body = bodyLines(section.text);
    const surviving = body.filter((l) => afterLines.has(l)).length;
    if (body.length === 0 || surviving * 2 >= body.length) continue;
    if (noteTexts.some((n) => noteAsksToRemove(n, section.title))) continue;
    reported.add(title);
    flags.push({
      kind: 'section-removed',
      message: `The section "${section.title}" (${body.length} line${body.length === 1 ? '' : 's'}) would be removed, and no note asks for it.`,
      line: `## ${section.title}`,
      blocksAutoApprove: true,
    });
  }
  return flags;
}

// ---- instructions and injection -----------------------------------------------------------------

/** Invisible characters; a zero-width joiner inside an emoji sequence is fine. */
const HIDDEN_CHARS =
  /[\u200B\u200C\u2060-\u2064\uFEFF\u180E\u202A-\u202E\u2066-\u2069\u{E0000}-\u{E007F}]|(?<![\p{Extended_Pictographic}\uFE0F])\u200D|\u200D(?![\p{Extended_Pictographic}])/u;
const STRIP_HIDDEN = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u202A-\u202E\u2066-\u2069\u{E0000}-\u{E007F}]/gu;

const SECRET =
  /(\b(api|access|secret|private|ssh|deploy|signing)[\s_-]?keys?\b|\b(access|auth|api|bearer|github|gitlab|npm|oauth|refresh|session|personal access|slack|jwt|pypi)[\s_-]?tokens?\b|\bsecrets?\b|\bpasswords?\b|\bpassphrases?\b|\bcredentials?\b|\.env\b|\benv(ironment)?[\s_-]?var(iable)?s?\b|\bcookies?\b|\bid_(rsa|ed25519|ecdsa)\b|\.aws\/credentials|\.netrc\b|\.npmrc\b|\bkeychain\b|\$[A-Z][A-Z0-9_]{2,})/i;
const SECRET_FILE =
  /\b(cat|type|less|more|head|tail|base64|xxd|scp|rsync|cp|curl)\b[^\n]*?(\.ssh\/|\bid_(rsa|ed25519|ecdsa)\b|\.aws\/credentials|\.env\b|\.netrc\b|\.npmrc\b|\.pypirc\b|\.git-credentials\b|\.docker\/config\.json)|\bprintenv\b|\benv\s*\||\bset\s*\|\s*(curl|nc)\b/i;
const REVEAL_VERB =
  /\b(send|upload|post|share|print|reveal|show|output|display|echo|paste|include|e-?mail|forward|leak|expose|dump|tell|give|transmit|exfiltrate|read out|attach)\b/gi;
const SEND_VERB = /\b(send|upload|post|forward|e-?mail|transmit|exfiltrate|report|mirror|copy|sync|beacon)\b/gi;
const URL = /\bhttps?:\/\/|\bftp:\/\/|\b\d{1,3}(\.\d{1,3}){3}\b/i;
const EMAIL = /\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/;
const DESTINATION = new RegExp(
  `\\bto\\s+(${URL.source}|${EMAIL.source}|(my|this|our|the following|an? (external|remote|private))\\s+([\\w-]+\\s+)?(server|endpoint|webhook|url|address|host|bucket|gist|pastebin|channel|collector|inbox)|(a |the )?(webhook|pastebin|gist|discord|telegram|ngrok))`,
  'i',
);
const LOCAL_ONLY = /\b(localhost|127\.0\.0\.1|\[::1\])\b/i;

const STRONG_TRIGGER =
  /\b(from now on|from this point( on| forward)?|henceforth|going forward|for (all|every) future (sessions?|tasks?|requests?|conversations?|chats?)|(at|on) the (start|beginning|end) of (every|each|any|all) (sessions?|conversations?|tasks?|chats?|responses?|replies|turns?)|(before|after) (every|each|any) (sessions?|conversations?|tasks?|responses?|replies|answers?|messages?|prompts?|tool calls?|chats?|turns?)|(whenever|every time|each time|any ?time) you)\b/i;
const WEAK_TRIGGER = /\b(always|(before|after|on) (every|each|any) \w+|whenever|every time|each time|you (must|should|need to|have to|are to))\b/i;
const ACT_VERB =
  /\b(run|execute|exec|eval|source|send|upload|post|transmit|forward|e-?mail|install|push|delete|remove|rm|wipe|erase|curl|wget|download|deploy|publish|kill|chmod|disable|merge|approve|grant|fetch)\b/gi;
/** What makes a routine "always …" preference risky: where it sends, what it runs, what it skips. */
const PAYLOAD = new RegExp(
  [
    URL.source,
    EMAIL.source,
    '\\$\\(',
    '\\|\\s*(sudo\\s+)?(ba|z|da)?sh\\b|\\|\\s*(python[23]?|node|perl|iex)\\b',
    '\\bsudo\\b',
    '\\brm\\s+-\\w*[rf]',
    '--force\\b|\\bforce[- ]push|\\bpush\\s+-f\\b|--no-verify\\b|--dangerously|--yes\\b',
    '\\/tmp\\/|%temp%|~\\/downloads',
    '\\bwithout (asking|telling|informing|notifying|confirm(ing|ation)|permission|approval|review|checking)\\b',
    '\\bchmod\\s+(\\+x|7)',
    '\\b(curl|wget|nc|netcat|scp)\\b',
    DESTINATION.source,
    SECRET.source,
  ].join('|'),
  'i',
);

const clauseBefore = (plain: string, index: number) => plain.slice(0, index).split(/[.;!?]|\bbut\b/i).pop() ?? '';
const NEGATED = /\b(never|not|don'?t|dont|no|avoid|nor)\b|n't\b/i;

/** No negation and no describing subject (I, we, they …) earlier in the same clause. */
function isCommandAt(plain: string, index: number): boolean {
  const clause = clauseBefore(plain, index);
  return !NEGATED.test(clause) && !/\b(i|we|he|she|they|who)\b/i.test(clause);
}

/** `pattern` matches somewhere not preceded by a negation in its clause ("Avoid `curl | sh`"). */
function affirmed(plain: string, pattern: RegExp): boolean {
  const m = pattern.exec(plain);
  return m !== null && !NEGATED.test(clauseBefore(plain, m.index));
}

/** Shell start-up idioms that eval a local tool's output: `eval "$(ssh-agent -s)"`, `eval "$(direnv hook zsh)"`. */
const EVAL_INIT =
  /\beval\s*["']?\$\(\s*(\/[\w/.-]+\/)?(ssh-agent|direnv|starship|brew|pyenv|rbenv|nodenv|jenv|zoxide|fnm|mise|rtx|conda|thefuck|atuin|fzf|gh|kubectl|rustup|opam|keychain|gpg-agent)\b[^)]*\)/i;

/** The first verb of `verbs` in `plain` used as a command (not negated, not described). */
function commandVerb(plain: string, verbs: RegExp, rest?: RegExp): string | undefined {
  for (const m of plain.matchAll(verbs)) {
    if (!isCommandAt(plain, m.index)) continue;
    if (rest && !rest.test(plain.slice(m.index))) continue;
    return m[0];
  }
  return undefined;
}

const INSTRUCTION_WORDS =
  /\b(ignore|disregard|instructions?|prompt|assistant|agent|claude|ai|llm|model|system|run|execute|send|upload|curl|wget|delete|rm|you|always|never|must)\b/i;

interface Rule {
  reason: string;
  test: (plain: string, raw: string) => boolean;
}

const RULES: Rule[] = [
  {
    reason: 'tells the agent to ignore its previous instructions',
    test: (p) =>
      /\b(ignore|disregard|forget|override|overrule|bypass)\s+(all\s+|any\s+)?(of\s+)?(the\s+|your\s+|my\s+|these\s+|those\s+)?(previous|prior|above|earlier|preceding|original|initial|system|developer|existing|other)\s+(instructions?|prompts?|rules|directions|guidelines|guidance|context|messages)\b/i.test(p) ||
      /\b(ignore|disregard|forget|override)\s+(all\s+)?(your|the system'?s?|the developer'?s?)\s+(instructions?|prompts?|rules|guidelines|directions|system prompt)\b/i.test(p) ||
      /\b(ignore|disregard|forget)\s+(all|any)\s+(instructions?|prompts?|rules|guidelines|directions)\b/i.test(p) ||
      /\b(ignore|disregard|forget)\s+(everything|anything|all)\s+(above|before|previously|earlier|you('ve| have)? (been )?(told|said|learned))/i.test(p) ||
      /\b(override|replace|reveal|print|show|ignore)\s+(your|the)\s+system\s+prompt\b/i.test(p) ||
      /\bnew\s+(system\s+)?instructions\s*:/i.test(p),
  },
  {
    reason: 'pipes a download straight into a shell',
    test: (p) =>
      affirmed(p, /\b(curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^\n|]*\|\s*(sudo\s+(-\S+\s+)*)?(ba|z|da|k|fi|c|tc)?sh\b/i) ||
      affirmed(p, /\b(curl|wget)\b[^\n|]*\|\s*(sudo\s+)?(python[23]?|perl|ruby|node|php)\b/i) ||
      affirmed(p, /\|\s*(iex|invoke-expression)\b/i) ||
      affirmed(p, /\b(iex|invoke-expression)\s*\(?\s*\(?\s*(new-object|iwr|irm|invoke-webrequest|invoke-restmethod)/i) ||
      affirmed(p, /\b(ba|z)?sh\s+(-c\s+)?["']?(<\(|\$\()\s*(curl|wget)/i) ||
      affirmed(p, /\b(source|\.)\s+<\(\s*(curl|wget)/i),
  },
  {
    reason: "runs a decoded or eval'd command",
    test: (p) =>
      /\bbase64\s+(-d|-D|--decode)\b/.test(p) ||
      /\b(atob|b64decode|FromBase64String)\s*\(/i.test(p) ||
      (/\beval\s*(\(|"|'|`|\$)/.test(p) && (!EVAL_INIT.test(p) || /\b(curl|wget)\b/i.test(p))) ||
      /\bexec\s*\(\s*(base64|atob|__import__|compile|bytes)/.test(p) ||
      /\bpython[23]?\s+-c\b[^\n]*\b(exec|eval|base64|urllib|requests|socket)\b/.test(p),
  },
  {
    reason: "tries to change the agent's role",
    test: (p) =>
      /\byou\s+are\s+(now|no\s+longer)\b/i.test(p) ||
      /\bfrom\s+now\s+on,?\s+you\s+(are|will\s+be|act)\b/i.test(p) ||
      /\bpretend\s+(to\s+be|you\s+are|that\s+you)\b/i.test(p) ||
      /\byour\s+new\s+(role|persona|identity|instructions|task|goal|purpose)\b|\byour\s+(role|persona|identity|purpose)\s+is\s+now\b/i.test(p) ||
      /\b(developer|god|jailbreak|dan|unrestricted)\s+mode\b|\bdo\s+anything\s+now\b/i.test(p) ||
      /\bact\s+as\s+(an?\s+)?(unrestricted|unfiltered|jailbroken|root|admin|system)\b/i.test(p) ||
      /^\[?(system|assistant)\]?\s*:\s*(you|ignore|disregard|from now on|new|always|never|do|your)\b/i.test(p) ||
      /<\/?(system|assistant|instructions?)>|\[(system|inst)\]|\[\/inst\]/i.test(p),
  },
  {
    reason: 'asks to reveal or send credentials, keys, tokens or environment variables',
    test: (p) => SECRET_FILE.test(p) || commandVerb(p, REVEAL_VERB, new RegExp(`^[^.!?]{0,100}?(${SECRET.source})`, 'i')) !== undefined,
  },
  {
    reason: 'sends data to an outside address',
    test: (p) =>
      (commandVerb(p, SEND_VERB, new RegExp(`^[^.!?]{0,120}?${DESTINATION.source}`, 'i')) !== undefined && !LOCAL_ONLY.test(p)) ||
      (/\bcurl\b[^\n]*\s(-d|--data(-\w+)?|-F|--form|-T|--upload-file)\b/.test(p) && URL.test(p) && !LOCAL_ONLY.test(p)),
  },
  {
    reason: 'gives the agent a standing command to act',
    test: (p) => {
      if (STRONG_TRIGGER.test(p)) return commandVerb(p, ACT_VERB) !== undefined;
      return WEAK_TRIGGER.test(p) && PAYLOAD.test(p) && commandVerb(p, ACT_VERB) !== undefined;
    },
  },
  {
    reason: "asks to act without the person's confirmation",
    test: (p) =>
      /\b(never|don'?t|do not|no need to|stop)\s+(ask(ing)?|wait(ing)?|check(ing)?)\s+(for\s+|with\s+)?(the user'?s?\s+|me\s+|my\s+|the person'?s?\s+)?(confirmation|permission|approval|consent|review)\b/i.test(p) ||
      commandVerb(p, ACT_VERB, /\bwithout\s+(asking|confirm(ing|ation)|permission|approval|telling)\b/i) !== undefined ||
      /--dangerously-skip-permissions\b|\b(disable|turn off|bypass|skip)\s+(the\s+|all\s+|any\s+)?(sandbox(ing)?|safety|guardrails?|permission (prompts?|checks?)|security (checks?|warnings?))\b/i.test(p),
  },
  {
    reason: 'asks to hide something from the person',
    test: (p) =>
      /\b(don'?t|do not|never)\s+(tell|inform|mention|reveal|show|disclose|notify|alert|warn|report)\b[^.]{0,40}\bthe\s+(user|human|person|owner|reviewer)\b/i.test(p) ||
      /\bkeep\s+(this|it|these)\s+(a\s+)?secret\b|\bwithout\s+(the user|them|anyone|the person)\s+(knowing|noticing)\b/i.test(p),
  },
  {
    reason: 'contains invisible characters (zero-width or direction controls) that can hide text',
    test: (_p, raw) => HIDDEN_CHARS.test(raw),
  },
  {
    reason: 'hides an instruction in an HTML comment or hidden element (invisible when rendered)',
    test: (_p, raw) => {
      for (const m of raw.matchAll(/<!--([\s\S]*?)(?:-->|$)/g)) {
        const inner = m[1] ?? '';
        if (!/^\s*memsync\b/i.test(inner) && INSTRUCTION_WORDS.test(inner)) return true;
      }
      if (/^\s*\[[^\]]*\]:\s*(#|<>)\s*\(/.test(raw) && INSTRUCTION_WORDS.test(raw)) return true;
      return /<[a-z][^>]*(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|\shidden\b)/i.test(raw);
    },
  },
];

/** The line as read for matching: visible text only, no list or quote markers, no emphasis. */
function plainLine(raw: string): string {
  return raw
    .replace(STRIP_HIDDEN, '')
    .normalize('NFKC')
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[“”]/g, '"')
    .trim()
    .replace(/^(>\s*)+/, '')
    .replace(/^([-*+]|\d{1,9}[.)])\s+/, '')
    .replace(/^\[[ xX]\]\s+/, '')
    .replace(/\*\*|__/g, '')
    .trim();
}

/**
 * 'instruction' flags for added lines that read as standing instructions to an agent or as prompt
 * injection, each with its reasons. Aimed at commands that act or exfiltrate; descriptions of the
 * person ("Always writes tests first"), prohibitions ("Never force-push") and routine preferences
 * ("Always run the tests before pushing") are not flagged.
 */
export function instructionFlags(addedLines: readonly string[]): ProposalFlag[] {
  const flags: ProposalFlag[] = [];
  for (const raw of addedLines) {
    if (raw.trim() === '') continue;
    const plain = plainLine(raw);
    const reasons = RULES.filter((r) => r.test(plain, raw)).map((r) => r.reason);
    if (reasons.length === 0) continue;
    flags.push({
      kind: 'instruction',
      message: `This added line reads like an instruction to an agent: it ${reasons.join('; it ')}. Approve only if you wrote it.`,
      line: raw,
      blocksAutoApprove: true,
    });
  }
  return flags;
}
