// @corral/websocket: Cowboy's WebSocket handler model on ws (its handler contract arrives with the WebSocket issue).
export {};
