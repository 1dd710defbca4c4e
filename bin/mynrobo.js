#!/usr/bin/env node
// The `mynrobo` CLI: runs src/main.ts through tsx (the platform ships as TypeScript).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
