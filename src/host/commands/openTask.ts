/** Baton: Open Task — opens (or reveals) a task's panel. */
import { taskCommand } from './taskCommand';

export const openTask = taskCommand({
  id: 'baton.openTask',
  action: 'open',
  title: 'Baton: Open Task',
  placeHolder: 'Which task should open?',
  noneApplies: 'There are no tasks yet. Run "Baton: New Task" to start one.',
  // The focused task is already in view: Open Task is for getting to another one.
  useFocus: false,
  perform: (task, { services }) => services.panels.open(task.id),
});
