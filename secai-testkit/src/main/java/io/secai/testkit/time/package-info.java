/** Time for tests: a clock the test moves, so expiry and lockouts never depend on the machine's speed. */
package io.secai.testkit.time;
