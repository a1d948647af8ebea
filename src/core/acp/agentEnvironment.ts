/**
 * The environment an external agent starts with: Baton's own, plus what keeps an agent from
 * acting without asking where Baton's policy says to ask. OpenCode edits and runs commands
 * without asking by default; `OPENCODE_PERMISSION` makes it ask (Baton then answers from the
 * user's auto-approve settings, or asks the user), so a subtask never gets more than its
 * parent. An `env` in the agent's own settings entry still wins.
 */
export const ASK_FIRST_ENV: Readonly<Record<string, string>> = {
  OPENCODE_PERMISSION: JSON.stringify({ edit: 'ask', bash: 'ask', webfetch: 'ask', external_directory: 'ask' }),
};

export function agentEnvironment(base: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return { ...base, ...ASK_FIRST_ENV };
}
