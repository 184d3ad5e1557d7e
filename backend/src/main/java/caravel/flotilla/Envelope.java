package caravel.flotilla;

import io.javalin.http.Context;

/** Flotilla's success shape: the value under {@code data}, always a JSON body (it throws on an empty one). */
record Envelope(Object data) {
    static void send(Context ctx, Object data) {
        ctx.json(new Envelope(data));
    }

    static void created(Context ctx, Object data) {
        ctx.status(201).json(new Envelope(data));
    }
}
