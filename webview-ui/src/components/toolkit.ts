/**
 * The @vscode-elements React wrappers the UI uses, imported one by one (the package's index
 * registers every element, and each registration is a side effect a bundler must keep).
 */
export { default as VscodeButton } from '@vscode-elements/react-elements/dist/components/VscodeButton.js';
export { default as VscodeTextarea } from '@vscode-elements/react-elements/dist/components/VscodeTextarea.js';
export { default as VscodeTextfield } from '@vscode-elements/react-elements/dist/components/VscodeTextfield.js';
export { default as VscodeBadge } from '@vscode-elements/react-elements/dist/components/VscodeBadge.js';
