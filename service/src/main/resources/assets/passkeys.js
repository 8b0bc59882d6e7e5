// Passkeys on sessionauth's pages: the one script the content security policy allows. Each
// ceremony asks the JSON API for options, hands them to the browser's WebAuthn (the JSON
// serialisation both ways), posts the browser's answer back, then goes where the element's
// data-next says, or reloads. Elements opt in with data-passkey:
//   sign-in        a button on the sign-in page; the username field's autocomplete "webauthn"
//                  also offers passkeys as autofill (conditional mediation)
//   second-factor  a button on the code page, after a right password
//   step-up        a button that confirms a signed-in session with a passkey
//   register       a form on the passkeys page, with a name field
// Failures are shown in #passkey-error; nothing here ever sees a password or a session ID.
(() => {
  'use strict';

  const ceremonies = {
    'sign-in': { options: '/auth/login/passkey/options', answer: '/auth/login/passkey', get: true },
    'second-factor': { options: '/auth/login/second-factor/passkey/options',
      answer: '/auth/login/second-factor/passkey', get: true },
    'step-up': { options: '/auth/step-up/passkey/options', answer: '/auth/step-up/passkey', get: true },
    register: { options: '/auth/passkeys/options', answer: '/auth/passkeys', get: false },
  };

  const csrfToken = () => {
    const field = document.querySelector('input[name="_csrf"]');
    return field ? field.value : '';
  };

  const post = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(json.message || 'The server refused this passkey.');
    }
    return json;
  };

  const showError = (message) => {
    const place = document.getElementById('passkey-error');
    if (place) {
      place.textContent = message;
      place.hidden = false;
    }
  };

  const supported = () => window.PublicKeyCredential
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

  let conditional = null;

  const run = async (kind, element, mediation) => {
    const ceremony = ceremonies[kind];
    const options = await post(ceremony.options);
    let credential;
    if (ceremony.get) {
      const request = { publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) };
      if (mediation) {
        conditional = new AbortController();
        request.mediation = mediation;
        request.signal = conditional.signal;
      }
      credential = await navigator.credentials.get(request);
    } else {
      credential = await navigator.credentials.create(
        { publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
    }
    const body = { credential: credential.toJSON() };
    if (kind === 'register') {
      body.name = element.querySelector('input[name="name"]').value;
    }
    await post(ceremony.answer, body);
    const next = element.dataset.next;
    if (next) {
      window.location.assign(next);
    } else {
      window.location.reload();
    }
  };

  const failed = (error) => {
    if (error && error.name === 'AbortError') {
      return;
    }
    showError(error && error.name === 'NotAllowedError'
      ? 'No passkey was used. Try again, or use your password.'
      : (error && error.message) || 'That did not work. Please try again.');
  };

  document.addEventListener('DOMContentLoaded', () => {
    const elements = document.querySelectorAll('[data-passkey]');
    if (!elements.length) {
      return;
    }
    if (!supported()) {
      elements.forEach((element) => { element.hidden = true; });
      return;
    }
    elements.forEach((element) => {
      const kind = element.dataset.passkey;
      const start = (event) => {
        event.preventDefault();
        if (conditional) {
          conditional.abort();
          conditional = null;
        }
        run(kind, element).catch(failed);
      };
      if (element.tagName === 'FORM') {
        element.addEventListener('submit', start);
      } else {
        element.addEventListener('click', start);
      }
    });
    const autofill = document.querySelector('input[autocomplete~="webauthn"]');
    const signIn = document.querySelector('[data-passkey="sign-in"]');
    if (autofill && signIn && PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
        if (available) {
          run('sign-in', signIn, 'conditional').catch(failed);
        }
      });
    }
  });
})();
