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

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why `name` is not a DNS-1123 subdomain of at most `maxLength` characters (DNS labels joined by '.',
 * as Kubernetes object names are), or undefined when it is one. Application names take this form.
 */
export function dnsSubdomainProblem(name: string, maxLength = 253): string | undefined {
  if (name.length > maxLength) return `"${name}" is ${name.length} characters, over the limit of ${maxLength}`;
  if (!DNS_SUBDOMAIN.test(name)) {
    return `"${name}" is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit)`;
  }
  return undefined;
}
