// Paste an image anywhere on the img2img page (Ctrl+V): the clipboard's file is handed to the upload's file input as if
// it had been chosen, so it takes exactly the path, size limit and decoder of a chosen or dropped file. Text pastes
// (into the prompt boxes) carry no file and are left alone.
export function listenForPastedImages(inputSelector) {
  const onPaste = event => {
    const files = event.clipboardData?.files;
    const input = document.querySelector(inputSelector);
    if (!files || files.length === 0 || !input) {
      return;
    }

    const transfer = new DataTransfer();
    transfer.items.add(files[0]);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    event.preventDefault();
  };

  document.addEventListener('paste', onPaste);
  // Marks the page as ready for pastes (browser tests wait for it).
  document.body.dataset.img2imgPaste = 'on';
  return {
    dispose: () => {
      document.removeEventListener('paste', onPaste);
      delete document.body.dataset.img2imgPaste;
    },
  };
}
