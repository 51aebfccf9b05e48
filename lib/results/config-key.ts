/** A stable text for a config: keys sorted, so {a,b} and {b,a} group together. */
export function configKey(config: Record<string, unknown> | null): string {
  if (!config) return '';
  return JSON.stringify(Object.keys(config).sort().map((k) => [k, config[k]]));
}
