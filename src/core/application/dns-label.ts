const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why `name` is not a DNS-1123 label of at most `maxLength` characters (lower-case letters, digits
 * and '-', starting and ending with a letter or digit), or undefined when it is one.
 */
export function dnsLabelProblem(name: string, maxLength = 63): string | undefined {
  if (name.length > maxLength) return `"${name}" is ${name.length} characters, over the limit of ${maxLength}`;
  if (!DNS_LABEL.test(name)) {
    return `"${name}" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)`;
  }
  return undefined;
}
