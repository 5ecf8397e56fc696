package org.netserv.signaling.rest;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With a bearer token, mutating calls need it and reads do not. */
class JsonRestTokenTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    private final AtomicInteger posted = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin server;

    @BeforeEach
    void start() {
        server = JsonRest.create(List.of(() -> {
            get("/thing", ctx -> ctx.json(List.of("a")));
            post("/thing", ctx -> ctx.status(201).json(posted.incrementAndGet()));
        }), List.of(), TOKEN).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String method, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/thing"))
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mutatingCallsWithoutTheTokenAreRefusedAndDoNothing() throws Exception {
        HttpResponse<String> none = send("POST", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("Authorization: Bearer <token>");
        assertThat(send("POST", "Bearer wrong-token-of-some-length").statusCode()).isEqualTo(401);
        assertThat(send("POST", TOKEN).statusCode()).as("the scheme is part of it").isEqualTo(401);
        assertThat(posted.get()).isZero();
        assertThat(send("POST", "Bearer " + TOKEN).statusCode()).isEqualTo(201);
        assertThat(posted.get()).isEqualTo(1);
    }

    @Test
    void readsNeedNoToken() throws Exception {
        assertThat(send("GET", null).statusCode()).isEqualTo(200);
    }
}
