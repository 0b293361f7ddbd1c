/** Removes credentials from text meant for people: the one redaction of the code base (core/redact). */
export { redactText as redactSecrets } from '../core/redact/redact.js';
