'use strict';
// 3. Studio: the shipped flow (studio/callback-and-voicemail.flow.json) with its
// placeholders filled, published; optionally the given numbers' voice URL
// pointed at it.

async function deployStudio(ctx) {
  ctx.unchanged('Studio: (not yet part of the deploy)');
}

module.exports = { deployStudio };
