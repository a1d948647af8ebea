/** Baton: Pause New Delegations — the kill switch: no task starts or continues a subtask until resumed; running subtasks go on. */
import type { BatonCommand } from './command';
import { setDelegationPaused } from './delegationSwitch';

export const pauseDelegations: BatonCommand = {
  id: 'baton.pauseDelegations',
  run: (services) => setDelegationPaused(true, services.log),
};
