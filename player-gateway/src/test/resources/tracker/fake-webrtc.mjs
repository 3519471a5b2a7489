// Stands in for webrtc-polyfill (node-datachannel has no native build in tools/, installed with --ignore-scripts):
// enough of RTCPeerConnection for simple-peer to make and answer offers. Nothing connects; the tracker only relays.
let next = 0;

export class RTCSessionDescription {
  constructor ({ type, sdp }) { this.type = type; this.sdp = sdp }
}

export class RTCIceCandidate {
  constructor (init) { Object.assign(this, init) }
}

export class RTCPeerConnection {
  constructor () {
    this.id = ++next;
    this.localDescription = null;
    this.remoteDescription = null;
    this.signalingState = 'stable';
    this.iceConnectionState = 'new';
    this.iceGatheringState = 'new';
    this.connectionState = 'new';
  }

  createDataChannel (label) {
    return { label, readyState: 'connecting', bufferedAmount: 0, close () {} };
  }

  async createOffer () { return { type: 'offer', sdp: `v=0\r\no=fake ${this.id} 1 IN IP4 127.0.0.1\r\n` } }

  async createAnswer () { return { type: 'answer', sdp: `v=0\r\no=fake ${this.id} 2 IN IP4 127.0.0.1\r\n` } }

  async setLocalDescription (description) {
    this.localDescription = new RTCSessionDescription(description);
    this.iceGatheringState = 'complete';
    setTimeout(() => this.onicecandidate && this.onicecandidate({ candidate: null }));
  }

  async setRemoteDescription (description) { this.remoteDescription = new RTCSessionDescription(description) }

  async addIceCandidate () {}

  getStats () { return Promise.resolve(new Map()) }

  close () { this.connectionState = 'closed' }
}

export default { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate };
