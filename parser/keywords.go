package parser

// infixWords are the q keywords with infix syntax (syntax.md §5): a name from this table
// between two nouns is applied as x kw y.
var infixWords = setOf(`and or mod div xexp xlog xbar in within like bin binr except inter
union cross xkey xcol xcols xasc xdesc xgroup xprev xrank lj ljf ij ijf uj ujf pj asof sv vs
ss cut sublist rotate set upsert insert dsave setenv wavg wsum cor cov scov mavg mcount mdev
mmax mmin msum ema mmu lsq each over scan prior peach fby`)

// qKeywords are the names of q's keyword functions and control words. A keyword
// followed by op: is not a compound assignment (count -:x is count applied to -:x).
var qKeywords = setOf(`abs acos aj aj0 ajf ajf0 all and any asc asin asof atan attr avg
avgs bin binr by ceiling cols cor cos count cov cross csv cut delete deltas desc dev differ
distinct div do dsave each ej ema enlist eval except exec exit exp fby fills first fkeys flip
floor from get getenv group gtime hclose hcount hdel hopen hsym iasc idesc if ij ijf in insert
inter inv key keys last like lj ljf load log lower lsq ltime ltrim mavg max maxs mcount md5
mdev med meta min mins mmax mmin mmu mod msum neg next not null or over parse peach pj prd
prds prev prior rand rank ratios raze read0 read1 reciprocal reval reverse rload rotate rsave
rtrim save scan scov sdev select set setenv show signum sin sqrt ss ssr string sublist sum
sums sv svar system tables tan til trim type uj ujf ungroup union update upper upsert value
var view views vs wavg while within wj wj1 wsum xasc xbar xcol xcols xdesc xexp xgroup
xkey xlog xprev xrank`)

// reservedWords are the words of .Q.res (the k primitives behind q keywords) and the
// control and qSQL words; assigning one is 'assign (cos:12).
var reservedWords = setOf(`abs acos asin atan avg bin binr by cor cos cov delete dev div do
enlist exec exit exp from getenv hopen if in insert last like log max min prd select setenv
sin sqrt ss sum tan update var wavg while within wsum xexp`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	w := ""
	for i := 0; i <= len(words); i++ {
		if i == len(words) || words[i] == ' ' || words[i] == '\n' {
			if w != "" {
				m[w] = true
			}
			w = ""
			continue
		}
		w += string(words[i])
	}
	return m
}
