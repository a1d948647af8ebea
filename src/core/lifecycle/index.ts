export * from './types';
export { applyCommand, commandTaskId } from './transitions';
export { checkInvariants } from './invariants';
