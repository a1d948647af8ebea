/** A new budget for Continue, prefilled from the settings. */
import { useState, type FormEvent } from 'react';
import type { Budget } from '../../../src/shared/task';
import { VscodeButton, VscodeTextfield } from '../components/toolkit';
import { runAction, useMessenger } from '../messenger';

export function ContinueForm({ taskId, defaultBudget, onDone }: { taskId: string; defaultBudget: Budget; onDone: () => void }) {
  const messenger = useMessenger();
  const [turns, setTurns] = useState(String(defaultBudget.maxTurns));
  const [minutes, setMinutes] = useState(String(Math.round(defaultBudget.maxRuntimeMs / 60_000)));
  const [timeout, setTimeoutSeconds] = useState(String(Math.round(defaultBudget.responseTimeoutMs / 1000)));
  const budget = toBudget(turns, minutes, timeout);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!budget) return;
    runAction(messenger, 'continue', taskId, { budget });
    onDone();
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Continue with a new budget">
      <NumberField label="Turns" value={turns} onChange={setTurns} />
      <NumberField label="Runtime (minutes)" value={minutes} onChange={setMinutes} />
      <NumberField label="Response timeout (seconds)" value={timeout} onChange={setTimeoutSeconds} />
      <div className="button-row">
        <VscodeButton icon="debug-continue" disabled={!budget} onClick={() => submit()}>
          Continue
        </VscodeButton>
        <VscodeButton secondary onClick={onDone}>
          Cancel
        </VscodeButton>
      </div>
    </form>
  );
}

function NumberField({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <VscodeTextfield type="number" min={1} value={value} label={label} onInput={(e) => onChange((e.target as HTMLInputElement).value)} />
    </label>
  );
}

function toBudget(turns: string, minutes: string, seconds: string): Budget | null {
  const t = Number(turns);
  const m = Number(minutes);
  const s = Number(seconds);
  if (![t, m, s].every((n) => Number.isInteger(n) && n > 0)) return null;
  return { maxTurns: t, maxRuntimeMs: m * 60_000, responseTimeoutMs: Math.max(5, s) * 1000 };
}
