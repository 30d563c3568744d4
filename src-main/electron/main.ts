// Entry point of the tray app (package.json "main" → dist/main/electron-main.js).
import { bootstrap } from './app-lifecycle';

bootstrap();
