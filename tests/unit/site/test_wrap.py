from generator.site.wrap import wrap_identifiers


def test_code_spans_break_after_underscores_only() -> None:
    html = (
        "<p><code>peak_read_rate</code> and <code>plain</code></p>"
        '<pre class="casebook-diagram"><code>a_b --&gt; c_d</code></pre>'
        '<pre><code><span class="n">x_y</span></code></pre>'
        "<td><code>a_b</code><code><b>c_d</b></code></td>"
    )
    assert wrap_identifiers(html) == (
        "<p><code>peak_<wbr>read_<wbr>rate</code> and <code>plain</code></p>"
        '<pre class="casebook-diagram"><code>a_b --&gt; c_d</code></pre>'
        '<pre><code><span class="n">x_y</span></code></pre>'
        "<td><code>a_<wbr>b</code><code><b>c_d</b></code></td>"
    )
