// The page for an unknown workshop code: only the language preference applies.
import { applyStatic, load, preferred } from "./i18n.js";

await load(preferred(document.body.dataset.lang));
applyStatic();
