/** Baton: Resume New Delegations — lifts the kill switch: tasks may delegate again. */
import type { BatonCommand } from './command';
import { setDelegationPaused } from './delegationSwitch';

export const resumeDelegations: BatonCommand = {
  id: 'baton.resumeDelegations',
  run: (services) => setDelegationPaused(false, services.log),
};
