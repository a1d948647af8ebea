/** Small assertions with messages that say what the user would have seen. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export function expectIncludes(text: string | null | undefined, part: string, what: string): void {
  if (!text?.includes(part)) throw new Error(`check failed: ${what} should include "${part}", it is ${JSON.stringify(text)}`);
}
