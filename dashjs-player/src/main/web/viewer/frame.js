// The equirectangular frame of a 360° video with the actual viewport (green) and a prediction's path and horizon
// viewport (orange, dashed). The viewer page and the dashboard both draw with it, so a viewport looks the same on
// both. NetllmFrame.draw returns what it drew, for tests that read the page instead of its pixels.
window.NetllmFrame = (function () {
  'use strict';

  const FOV_YAW = 100;
  const FOV_PITCH = 90;

  function draw(canvas, actual, prediction) {
    const g = canvas.getContext('2d');
    const x = yaw => (yaw + 180) / 360 * canvas.width;
    const y = pitch => (90 - pitch) / 180 * canvas.height;

    g.fillStyle = '#223';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.strokeStyle = '#445';
    g.lineWidth = 1;
    for (let yaw = -180; yaw <= 180; yaw += 30) {
      g.beginPath(); g.moveTo(x(yaw), 0); g.lineTo(x(yaw), canvas.height); g.stroke();
    }
    for (let pitch = -90; pitch <= 90; pitch += 30) {
      g.beginPath(); g.moveTo(0, y(pitch)); g.lineTo(canvas.width, y(pitch)); g.stroke();
    }
    g.fillStyle = '#889';
    g.font = '11px monospace';
    g.fillText('yaw -180', 2, canvas.height / 2 - 3);
    g.fillText('+180', canvas.width - 32, canvas.height / 2 - 3);

    // A viewport as a rectangle around (yaw, pitch), drawn thrice so the part across the +-180 seam shows.
    function viewport(yaw, pitch, colour, dashed) {
      g.strokeStyle = colour;
      g.lineWidth = 2;
      g.setLineDash(dashed ? [6, 4] : []);
      const top = Math.min(90, pitch + FOV_PITCH / 2);
      const bottom = Math.max(-90, pitch - FOV_PITCH / 2);
      for (const shift of [-360, 0, 360]) {
        const left = yaw - FOV_YAW / 2 + shift;
        g.strokeRect(x(left), y(top), FOV_YAW / 360 * canvas.width, (top - bottom) / 180 * canvas.height);
      }
      g.setLineDash([]);
      return { yaw: yaw, pitch: pitch, top: top, bottom: bottom };
    }

    const drawn = { actual: null, predicted: null, path: [] };
    if (prediction) {
      g.strokeStyle = '#ff7f0e';
      g.lineWidth = 2;
      let previous = null;
      for (const o of prediction.orientations) {
        const px = x(o[2]);
        const py = y(o[1]);
        if (previous && Math.abs(px - previous[0]) < canvas.width / 2) {
          g.beginPath(); g.moveTo(previous[0], previous[1]); g.lineTo(px, py); g.stroke();
        }
        previous = [px, py];
        drawn.path.push({ yaw: o[2], pitch: o[1] });
      }
      const horizon = prediction.orientations[prediction.orientations.length - 1];
      drawn.predicted = viewport(horizon[2], horizon[1], '#ff7f0e', true);
    }
    if (actual) {
      drawn.actual = viewport(actual.yaw, actual.pitch, '#2ca02c', false);
      g.fillStyle = '#2ca02c';
      g.beginPath(); g.arc(x(actual.yaw), y(actual.pitch), 4, 0, 2 * Math.PI); g.fill();
    }
    return drawn;
  }

  return { draw: draw, FOV_YAW: FOV_YAW, FOV_PITCH: FOV_PITCH };
}());
