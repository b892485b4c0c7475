// The page Teams shows when Statistik is added to a chat or channel: there is nothing to choose,
// so it tells Teams at once which page the tab shows and lets the user save.
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', () => void configure());

  async function configure() {
    const sdk = window.microsoftTeams;
    const status = document.getElementById('status');
    try {
      if (!sdk) throw new Error('no TeamsJS');
      await sdk.app.initialize();
    } catch {
      status.textContent = 'Den här sidan används när fliken Statistik läggs till i en chatt eller kanal i Teams.';
      return;
    }
    const contentUrl = new URL('/statistik', window.location.origin).href;
    sdk.pages.config.registerOnSaveHandler((saveEvent) => {
      sdk.pages.config
        .setConfig({ contentUrl: contentUrl, entityId: 'statistik', suggestedDisplayName: 'Statistik' })
        .then(
          () => saveEvent.notifySuccess(),
          () => saveEvent.notifyFailure('Fliken kunde inte sparas. Försök igen.'),
        );
    });
    sdk.pages.config.setValidityState(true);
  }
})();
