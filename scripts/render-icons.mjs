#!/usr/bin/env node
// Renders every icon from assets/*.svg into dist/icons (the build does this too):
//   node scripts/render-icons.mjs
// What is made, and how, is in scripts/icons.mjs.
import path from 'node:path';
import { root } from './build-state.mjs';
import { renderIcons } from './icons.mjs';

const files = await renderIcons(root, path.join(root, 'dist', 'icons'));
console.log(`dist/icons: ${files.length} files\n  ${files.join('\n  ')}`);
