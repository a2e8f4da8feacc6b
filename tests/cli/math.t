#!/bin/sh
# kramdown's math ($$...$$). On a page whose site names a math engine
# (just-the-docs' `math: mathjax` or `math: katex`) both books set it as a
# formula in the text's letters: variables in italics, indices and
# exponents lowered and raised, operators and symbols as their characters,
# a display centred, a page's own commands (\newcommand) expanded. Without
# an engine it stays the TeX kramdown writes for the browser, word for
# word; $...$ is no math and stays as written.
. "$(dirname "$0")/lib.sh"
plan 17
export SOURCE_DATE_EPOCH=1788220800

S=$TMP/course
mkdir -p "$S"
printf 'title: Οικονομικά\nlang: el\nmath: mathjax\n' >"$S/_config.yml"
# shellcheck disable=SC2016 # the page's TeX, written as is
printf -- '---\ntitle: Λογάριθμοι\n---\nΑν $$\\ln x - \\ln y = 0.05$$, τότε το $$x$$ είναι μεγαλύτερο.\n\n$$\n\\begin{aligned} q_d &= 10/p \\\\ q_s &= 3p^{1/2} \\end{aligned}\n$$\n\n$$\\newcommand{\\R}{\\mathbb{R}}$$Για κάθε $$x \\in \\R$$ και $$\\sqrt{x^2 + 1} \\geq 1$$.\n\nΚοστίζει $5 ή $10, και $x_1$ δεν είναι τύπος.\n\n> $$\\begin{aligned}\n  2q &= 30 \\\\\n-     q &= -15\n\\end{aligned}$$\n' >"$S/index.md"
run build -o "$TMP/out" "$S"
is "$STATUS" 0 "a page of math builds"
lacks "$ERR" "unknown key" "math is a key just-the-docs knows"
text=$(pdftotext "$TMP/out/course.pdf" - | tr '\302\240' '  ')
contains "$text" "ln x − ln y = 0.05" "the PDF sets a formula with its minus and function names"
contains "$text" "x ∈ ℝ" "a command the page defines is expanded"
contains "$text" "√(x2 + 1) ≥ 1" "roots and relations"
contains "$text" 'Κοστίζει $5 ή $10, και $x_1$ δεν' "single dollars stay as written"
contains "$text" "2q = 30
−q = −15" "math runs to its closing dollars, a line that would start a list included"
pdffonts "$TMP/out/course.pdf" >"$TMP/fonts"
contains "$(cat "$TMP/fonts")" "NotoSansMath-Regular" "the symbols the text's font lacks come from Noto Sans Math"
contains "$(cat "$TMP/fonts")" "NotoSerif-Italic" "the variables are in the text's italics"
unpack "$TMP/out/course.epub" "$TMP/x"
page=$(cat "$TMP"/x/OEBPS/p*.xhtml)
contains "$page" '<var>q</var><sub><var>d</var></sub>' "the EPUB has the variables and their indices"
contains "$page" '<p class="text-center"><span class="math">' "a display stands centred in a paragraph of its own"
nb=$(printf '\302\240') # no line breaks before a relation
contains "$page" "<br/>
<var>q</var><sub><var>s</var></sub>$nb= 3<var>p</var><sup>1/2</sup>" \
	"an alignment's rows are lines of their own"
lacks "$page" '<span class="math"></span>' "a definition alone shows nothing"
contains "$(java -jar /usr/share/java/epubcheck.jar "$TMP/out/course.epub" 2>&1)" \
	"No errors or warnings detected" "and the EPUB passes EPUBCheck"

# Without a math engine: kramdown's TeX for the browser, untouched.
printf 'title: Οικονομικά\nlang: el\n' >"$S/_config.yml"
run build -o "$TMP/tex" "$S"
text=$(pdftotext "$TMP/tex/course.pdf" -)
contains "$text" '\(\ln x - \ln y = 0.05\)' "without an engine the TeX stays, in kramdown's delimiters"
contains "$text" '\[\begin{aligned} q_d &= 10/p \\ q_s &= 3p^{1/2} \end{aligned}\]' \
	"a display's TeX keeps its backslashes and underscores"
unpack "$TMP/tex/course.epub" "$TMP/y"
lacks "$(cat "$TMP"/y/OEBPS/p*.xhtml)" '<em>' "and nothing in it is read as emphasis"
finish
