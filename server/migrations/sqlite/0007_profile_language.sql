-- The interface language a signed-in person picked (`vi` or `en`); NULL
-- until they pick one. Signing in sets the browser's `lang` cookie from it,
-- so the choice follows the person to a new device.

ALTER TABLE users ADD COLUMN lang TEXT;
