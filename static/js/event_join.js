// The room's one link: the page lists the groups (drawn by the server); this only switches language.

import { start } from "./account.js";

await start();
