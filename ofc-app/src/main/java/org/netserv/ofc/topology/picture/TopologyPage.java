package org.netserv.ofc.topology.picture;

/**
 * The operators' page ({@code GET /ui}): the live topology picture, fetched again every two seconds by a
 * few lines of plain JavaScript. Self-contained: no external scripts, styles or fonts, so it works on a
 * network without internet. The picture's URL is relative, so the page also works behind a path prefix.
 */
public final class TopologyPage {
    private TopologyPage() {}

    /** Where the page fetches the picture from, relative to the page. */
    public static final String PICTURE_URL = "api/v1/topology.svg";
    public static final int REFRESH_MS = 2000;

    public static final String HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>NetServ OFC: topology</title>
            <style>
            body { font-family: sans-serif; margin: 1em; color: #212121; }
            #status { color: #616161; font-size: small; }
            #picture svg { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
            </style>
            </head>
            <body>
            <h1>NetServ OFC: live topology</h1>
            <p id="status">loading&hellip;</p>
            <div id="picture"></div>
            <p><a href="PICTURE_URL">the picture alone (SVG)</a></p>
            <script>
            const picture = document.getElementById('picture');
            const status = document.getElementById('status');
            async function reload() {
              try {
                const r = await fetch('PICTURE_URL', { cache: 'no-store' });
                if (!r.ok) throw new Error('HTTP ' + r.status);
                picture.innerHTML = await r.text();
                status.textContent = 'updated ' + new Date().toLocaleTimeString() + ', every REFRESH_S s';
              } catch (e) {
                status.textContent = 'cannot reach the OFC (' + e.message + '); showing the last picture';
              }
            }
            reload();
            setInterval(reload, REFRESH_MS);
            </script>
            </body>
            </html>
            """.replace("PICTURE_URL", PICTURE_URL).replace("REFRESH_MS", Integer.toString(REFRESH_MS))
            .replace("REFRESH_S", Integer.toString(REFRESH_MS / 1000));
}
