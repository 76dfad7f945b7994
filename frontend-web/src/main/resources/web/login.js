'use strict';
// Shows the "wrong token" line when the server sent the browser back here after a failed login.
document.addEventListener('DOMContentLoaded', () => {
  if (new URLSearchParams(window.location.search).has('failed')) {
    document.getElementById('login-error').hidden = false;
  }
});
