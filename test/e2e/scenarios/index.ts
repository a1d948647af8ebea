/** Every scenario of the e2e tier, in the order they run. */
import type { Scenario } from '../lib/harness';
import { delegateAndStream } from './01-delegate-and-stream';
import { stopReloadResume } from './02-stop-reload-resume';
import { killAndRestart } from './03-kill-and-restart';
import { abandonChild } from './04-abandon';
import { stopRoot } from './05-stop-root';
import { threeLevels } from './06-three-levels';
import { commandPalette } from './07-command-palette';
import { turnBudget } from './08-turn-budget';
import { overloadStorm } from './09-overload-storm';
import { approvalFromParent } from './10-approval-from-parent';
import { paletteFollowsPanel } from './11-palette-follows-panel';
import { deleteClosesTab } from './12-delete-closes-tab';
import { selectModelScenario } from './13-select-model';
import { fanout } from './14-fanout';

export const scenarios: readonly Scenario[] = [delegateAndStream, stopReloadResume, killAndRestart, abandonChild, stopRoot, threeLevels, commandPalette, turnBudget, overloadStorm, approvalFromParent, paletteFollowsPanel, deleteClosesTab, selectModelScenario, fanout];
