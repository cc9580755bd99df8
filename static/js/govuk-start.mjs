// Starts GOV.UK Frontend's components. Load with <script type="module" src="...">.
// The relative import resolves to the unhashed vendor file, which WhiteNoise
// serves alongside the hashed copies (WHITENOISE_KEEP_ONLY_HASHED_FILES = False).
import { initAll } from '../vendor/govuk-frontend/govuk-frontend.min.js';

initAll();
