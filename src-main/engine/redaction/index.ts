// Fail-closed secret redaction shared by notes capture, refresh and harvest: everything that
// leaves the machine goes through `redactSecrets`, and `findSecrets` is the last check before
// sending (anything found after redaction means nothing is sent).
export { findSecrets, markerFor, redactSecrets, UNREDACTABLE, type Finding, type RedactionResult } from './redact';
export { SECRET_RULES, type SecretRule } from './rules';
export { expectedRandomEntropy, looksRandom, shannonEntropy } from './entropy';
