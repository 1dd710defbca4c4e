/** The simulator's stand-in for the Fyers login page: one button that completes the login. */
export function loginPage(location: string): string {
  const href = location.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fyers (simulator) login</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:4rem auto">
<h1>Fyers login — simulator</h1>
<p>This is the local Fyers simulator, not Fyers. No password is asked for.</p>
<p><a id="login" href="${href}">Log in as the simulated trader</a></p>
</body></html>`;
}
