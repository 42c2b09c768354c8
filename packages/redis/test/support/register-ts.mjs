// `node --conditions=source --import <this>` runs the workspace's TypeScript sources (see ts-hooks.mjs).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
