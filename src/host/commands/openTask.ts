/** Baton: Open Task — opens (or reveals) a task's panel; a single click in the sidebar opens it as a preview. */
import { taskCommand } from './taskCommand';

export const openTask = taskCommand({
  id: 'baton.openTask',
  action: 'open',
  title: 'Baton: Open Task',
  placeHolder: 'Which task should open?',
  noneApplies: 'There are no tasks yet. Run "Baton: New Task" to start one.',
  // The active panel's task is already in view: Open Task is for getting to another one.
  useFocus: false,
  perform: (task, { services }, args) => services.panels.open(task.id, { preview: args.preview === true }),
});
