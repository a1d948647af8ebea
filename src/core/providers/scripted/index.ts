export * from './script';
export { startScriptedModelServer, type ScriptedModelServer, type ScriptedModelServerOptions } from './server';
export {
  demoScript,
  DEMO_FILE_CONTENT,
  DEMO_FANOUT_FILES,
  DEMO_FILE_PATH,
  DEMO_MODEL_LABEL,
  demoSubtaskTitle,
  SUBTASK_SYSTEM_MARKER,
  type DemoScriptOptions,
} from './demoScript';
